// The admin area's tests render a panel as an owner sees it, with `routes` answering.
import type { ReactElement } from "react";
import { aMe, renderApp, scriptedFetch } from "../testing";

export { description } from "../testing";

export const ME = aMe({ id: "00000000-0000-4000-8000-000000000001", name: "Olivia Owner", email: "olivia@example.com", role: "owner" });

export function renderAdmin(ui: ReactElement, routes: Parameters<typeof scriptedFetch>[0], path = "/admin") {
  const scripted = scriptedFetch(routes);
  const view = renderApp(ui, { me: ME, path });
  return { ...view, calls: scripted.calls, queryClient: view.client };
}
