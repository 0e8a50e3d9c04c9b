import { frameStyle, launcherStyle } from "./style";

test("the frame is a panel in the inbox's corner, or the whole phone screen", () => {
  expect(frameStyle("left", true, false)).toContain("left:20px");
  expect(frameStyle("right", true, false)).toContain("width:min(380px,calc(100vw - 40px))");
  expect(frameStyle("right", true, false, true)).toContain("width:min(600px,calc(100vw - 40px))");
  expect(frameStyle("right", true, true)).toContain("inset:0;width:100%;height:100%");
  expect(frameStyle("right", false, false)).toBe("display:none");
});

test("the launcher takes the inbox's colour with readable text, and hides behind a full-screen chat", () => {
  expect(launcherStyle("#0f766e", "right", false)).toContain("background:#0f766e;color:#fff");
  expect(launcherStyle("#fde047", "left", false)).toContain("color:#111827");
  expect(launcherStyle("#0f766e", "right", true)).toBe("display:none");
});
