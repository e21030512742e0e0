"""Procurement timeline slip (seed 000 项目采购时间表) and key-contact staleness (seed 004 follow-up reminders)."""

from __future__ import annotations

from datetime import date

from generator.core.model import Deal, ProcurementStep, Stakeholder

KEY_CONTACT_ROLES: tuple[str, ...] = ("economic_buyer", "coach")


def slipped_rows(deal: Deal, as_of: date) -> tuple[int, ...]:
    """The positions in the procurement table of the customer steps planned before `as_of` with no actual date,
    unless a later step already has one.

    A later step with an actual date means the customer has moved past this one (skipped it, or nobody wrote
    the date down): that is not a slip of the timeline.
    """
    steps = deal.procurement
    return tuple(
        index for index, step in enumerate(steps)
        if step.planned_date is not None and step.actual_date is None and step.planned_date < as_of
        and not any(later.actual_date is not None for later in steps[index + 1:])
    )


def slipped_steps(deal: Deal, as_of: date) -> tuple[ProcurementStep, ...]:
    """The slipped customer steps themselves (`slipped_rows`), in table order."""
    return tuple(deal.procurement[index] for index in slipped_rows(deal, as_of))


def contact_age(person: Stakeholder, as_of: date) -> int | None:
    """Days from the person's last contact to `as_of` (negative for a date ahead); None without a date."""
    return None if person.last_contact is None else (as_of - person.last_contact).days


def stale_contacts(deal: Deal, as_of: date, days: int) -> tuple[Stakeholder, ...]:
    """EBs and coaches last contacted more than `days` days before `as_of`, in table order.

    A blank last-contact date is not stale: a reminder counts from a contact somebody wrote down.
    """
    return tuple(
        person for person in deal.stakeholders
        if person.role in KEY_CONTACT_ROLES and (age := contact_age(person, as_of)) is not None and age > days
    )
