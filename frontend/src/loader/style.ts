// Where the frame and the launcher sit: a panel above the launcher in the inbox's corner,
// or the whole screen on a phone.

export const PHONE = "(max-width: 480px)";
const LAYER = "z-index:2147483000;";

export function frameStyle(position: string, open: boolean, phone: boolean, large = false): string {
  if (!open) return "display:none";
  if (phone) return `${LAYER}position:fixed;inset:0;width:100%;height:100%;border:0;background:#fff`;
  const [width, height] = large ? [600, 880] : [380, 640];
  return (
    `${LAYER}position:fixed;bottom:96px;${position}:20px;width:min(${width}px,calc(100vw - 40px));` +
    `height:min(${height}px,calc(100vh - 120px));` +
    "border:0;border-radius:16px;background:#fff;box-shadow:0 12px 40px rgba(0,0,0,.25)"
  );
}

/** Dark text on a light colour, white on a dark one (perceived brightness). */
function onColor(color: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
  return r * 0.299 + g * 0.587 + b * 0.114 > 160 ? "#111827" : "#fff";
}

export function launcherStyle(color: string, position: string, hidden: boolean): string {
  if (hidden) return "display:none";
  return (
    `${LAYER}position:fixed;bottom:20px;${position}:20px;width:60px;height:60px;border:0;border-radius:50%;` +
    `background:${color};color:${onColor(color)};cursor:pointer;display:flex;align-items:center;justify-content:center;` +
    "box-shadow:0 4px 16px rgba(0,0,0,.25);padding:0"
  );
}
