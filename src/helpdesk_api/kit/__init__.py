"""Building blocks shared by every domain: schema base, pagination, clock, repository."""
