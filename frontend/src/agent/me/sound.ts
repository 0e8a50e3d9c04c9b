// The notification chime: two short notes made with Web Audio (no file to load), and the
// on/off choice kept in this browser.
import { useCallback, useSyncExternalStore } from "react";

const STORAGE_KEY = "helpdesk.sound";
const listeners = new Set<() => void>();

export function soundOn(): boolean {
  return localStorage.getItem(STORAGE_KEY) !== "off";
}

export function useSoundSetting(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, soundOn);
  const set = useCallback((next: boolean) => {
    localStorage.setItem(STORAGE_KEY, next ? "on" : "off");
    for (const listener of listeners) listener();
  }, []);
  return [on, set];
}

let context: AudioContext | null = null;

/** Play the chime; browsers that refuse audio before a user gesture stay silent. */
export function playChime(): void {
  const Audio = window.AudioContext as typeof AudioContext | undefined;
  if (!Audio) return;
  context ??= new Audio();
  if (context.state === "suspended") void context.resume();
  const start = context.currentTime;
  [880, 1320].forEach((frequency, index) => {
    const at = start + index * 0.12;
    const oscillator = context!.createOscillator();
    const gain = context!.createGain();
    oscillator.type = "sine";
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.18);
    oscillator.connect(gain).connect(context!.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.2);
  });
}
