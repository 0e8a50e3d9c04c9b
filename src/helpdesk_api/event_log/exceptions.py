from helpdesk_api.errors import HelpdeskError


class ResyncRequired(HelpdeskError):
    """The client's cursor lies before the retained events: replaying would leave a gap.

    It reloads what it shows over REST and resumes from ``last_seq`` (``GET /events``'s
    newest position, given in the detail and in the page it asks for next).
    """

    status, slug, title = 410, "resync-required", "Events since then are no longer kept"
