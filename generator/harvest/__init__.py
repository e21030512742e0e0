"""The harvest: every workbook below some folders, read safely and incrementally into a snapshot of the store."""

from generator.harvest.isolation import Limits
from generator.harvest.runner import harvest_folders

__all__ = ["Limits", "harvest_folders"]
