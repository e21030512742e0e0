"""The harvest: every workbook below some folders, read safely and incrementally into a snapshot of the store."""

from generator.harvest.isolation import Limits
from generator.harvest.runner import HarvestRun, harvest_folders, harvest_run

__all__ = ["HarvestRun", "Limits", "harvest_folders", "harvest_run"]
