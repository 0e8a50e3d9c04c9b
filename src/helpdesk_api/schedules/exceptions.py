from helpdesk_api.errors import NotFound


class ScheduleNotFound(NotFound):
    """The user exists but has no schedule: their availability is set by hand."""

    slug, title = "schedule-not-found", "The user has no schedule"
