import { useT } from "../i18n";

export function InboxScreen() {
  const t = useT();
  return <h1>{t("inbox.title")}</h1>;
}
