import { useT } from "../i18n";

export function MeScreen() {
  const t = useT();
  return <h1>{t("me.title")}</h1>;
}
