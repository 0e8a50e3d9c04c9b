from helpdesk_api.errors import Conflict


class LabelNameTaken(Conflict):
    slug, title = "label-name-taken", "A label with this name exists"
