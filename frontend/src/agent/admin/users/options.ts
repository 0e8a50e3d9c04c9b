import type { Schemas } from "../../../shared/api/client";

export const AVAILABILITIES: Schemas["Availability"][] = ["online", "away", "offline"];
export const ROLES: Schemas["Role"][] = ["owner", "admin", "agent"];
export const ROUTING_MODES: Schemas["RoutingMode"][] = ["manual", "round_robin", "least_busy"];
