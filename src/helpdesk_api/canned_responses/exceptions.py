from helpdesk_api.errors import Conflict


class ShortcutTaken(Conflict):
    slug, title = "shortcut-taken", "A canned response with this shortcut exists"
