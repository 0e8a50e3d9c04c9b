import { useT } from "../i18n";

export function AdminScreen() {
  const t = useT();
  return <h1>{t("admin.title")}</h1>;
}
