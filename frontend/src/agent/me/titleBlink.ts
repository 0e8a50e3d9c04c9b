// While the tab is hidden, each new notification makes the document title alternate
// between its usual text and "(n) New message — Helpdesk", until the tab is seen again.

export class TitleBlinker {
  private count = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private usual = "";
  private showing = false;

  constructor(
    private readonly doc: Document,
    private readonly alert: (count: number) => string,
    private readonly intervalMs = 1000,
  ) {
    doc.addEventListener("visibilitychange", this.onVisibility);
  }

  /** Count one more notification; blinks only while the tab is hidden. */
  notify(): void {
    if (this.doc.visibilityState === "visible") return;
    this.count += 1;
    if (this.timer === null) {
      this.usual = this.doc.title;
      this.timer = setInterval(this.toggle, this.intervalMs);
    }
    this.show(true);
  }

  stop(): void {
    if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
      this.doc.title = this.usual;
    }
    this.count = 0;
    this.showing = false;
  }

  dispose(): void {
    this.stop();
    this.doc.removeEventListener("visibilitychange", this.onVisibility);
  }

  private show(alerting: boolean): void {
    this.showing = alerting;
    this.doc.title = alerting ? this.alert(this.count) : this.usual;
  }

  private readonly toggle = () => this.show(!this.showing);

  private readonly onVisibility = () => {
    if (this.doc.visibilityState === "visible") this.stop();
  };
}
