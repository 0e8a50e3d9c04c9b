from helpdesk_api.errors import Conflict, InvalidRequest


class TeamNameTaken(Conflict):
    slug, title = "team-name-taken", "A team with this name exists"


class UnknownMembers(InvalidRequest):
    slug, title = "unknown-members", "Some members are not active users of this account"


class TeamInUse(Conflict):
    slug, title = "team-in-use", "The team still has conversations"
