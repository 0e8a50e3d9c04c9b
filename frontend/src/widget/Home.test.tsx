import { render } from "preact";
import { act } from "preact/test-utils";
import type { Conversation, Settings } from "./api";
import { WidgetContext } from "./context";
import { Home } from "./Home";
import { translator } from "./i18n";
import { Store } from "./store";

const settings: Settings = {
  name: "Acme",
  greeting: "Hoi! Waarmee kunnen we helpen?",
  color: "#0f766e",
  position: "right",
  language: "nl",
  open_now: false,
  away_message: "",
};

async function home(overrides: Partial<Settings> = {}) {
  const store = new Store("key", { unread: () => undefined, resize: () => undefined });
  vi.spyOn(store.api, "settings").mockResolvedValue({ ...settings, ...overrides });
  await store.loadSettings();
  const root = document.createElement("div");
  act(() =>
    render(
      <WidgetContext.Provider value={{ store, live: { typing: vi.fn() }, t: translator("nl"), close: vi.fn(), embedded: true }}>
        <Home />
      </WidgetContext.Provider>,
      root,
    ),
  );
  return { store, root };
}

test("outside working hours the visitor reads the away notice, the inbox's own when it has one", async () => {
  expect((await home()).root.textContent).toContain("We zijn er nu niet.");
  expect((await home({ away_message: "Maandag zijn we terug." })).root.textContent).toContain("Maandag zijn we terug.");
  expect((await home({ open_now: true })).root.querySelector(".hd-away")).toBeNull();
});

test("earlier conversations are listed, and a new one starts from the greeting", async () => {
  const { store, root } = await home({ open_now: true });
  const earlier = {
    id: "c9",
    number: 9,
    status: "closed",
    last_message_preview: "Bedankt!",
    created_at: "2026-11-20T10:00:00Z",
    last_activity_at: "2026-11-20T10:05:00Z",
    rating: 5,
    rating_comment: null,
    seen_up_to_seq: 2,
    queue_position: null,
  } satisfies Conversation;
  act(() => store.receive({ seq: 1, type: "conversation.updated", data: { conversation: earlier } }));
  expect(root.textContent).toContain("Hoi! Waarmee kunnen we helpen?");
  expect(root.textContent).toContain("Gesprek #9");
  expect(root.textContent).toContain("Gesloten");
  act(() => root.querySelector<HTMLButtonElement>(".hd-primary")!.click());
  expect(store.state.view).toMatchObject({ name: "chat", conversationId: null });
});
