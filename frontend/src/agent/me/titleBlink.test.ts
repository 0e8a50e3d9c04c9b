import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { TitleBlinker } from "./titleBlink";

let visibility: DocumentVisibilityState = "visible";

function setVisibility(state: DocumentVisibilityState) {
  visibility = state;
  document.dispatchEvent(new Event("visibilitychange"));
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(document, "visibilityState", "get").mockImplementation(() => visibility);
  document.title = "Helpdesk";
  visibility = "visible";
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

test("while hidden the title alternates with the count of new notifications until the tab is seen", () => {
  const blinker = new TitleBlinker(document, (count) => `(${count}) New message — Helpdesk`, 1000);
  setVisibility("hidden");
  blinker.notify();
  expect(document.title).toBe("(1) New message — Helpdesk");
  vi.advanceTimersByTime(1000);
  expect(document.title).toBe("Helpdesk");
  vi.advanceTimersByTime(1000);
  expect(document.title).toBe("(1) New message — Helpdesk");

  blinker.notify();
  expect(document.title).toBe("(2) New message — Helpdesk");

  setVisibility("visible");
  expect(document.title).toBe("Helpdesk");
  vi.advanceTimersByTime(5000);
  expect(document.title).toBe("Helpdesk");
  blinker.dispose();
});

test("a notification while the tab is visible leaves the title alone; counting starts afresh", () => {
  const blinker = new TitleBlinker(document, (count) => `(${count}) new`, 1000);
  blinker.notify();
  vi.advanceTimersByTime(3000);
  expect(document.title).toBe("Helpdesk");

  setVisibility("hidden");
  blinker.notify();
  blinker.notify();
  setVisibility("visible");
  setVisibility("hidden");
  blinker.notify();
  expect(document.title).toBe("(1) new");
  blinker.dispose();
  expect(document.title).toBe("Helpdesk");
});
