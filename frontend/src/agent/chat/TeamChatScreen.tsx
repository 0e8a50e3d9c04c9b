import { useT } from "../i18n";

export function TeamChatScreen() {
  const t = useT();
  return <h1>{t("chat.title")}</h1>;
}
