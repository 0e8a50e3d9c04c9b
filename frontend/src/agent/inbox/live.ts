// How realtime events change this area's cached queries.
import type { EventHandlers } from "../realtime/cache";

export const inboxEvents: EventHandlers = {};
