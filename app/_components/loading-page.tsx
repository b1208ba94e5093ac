"use client";
// The whole page while what it shows is being fetched: announced politely to screen readers.
import { useI18n } from "./i18n-provider";

export function LoadingPage() {
  const { t } = useI18n();
  return (
    <main className="p-8">
      <p role="status" className="animate-pulse">
        {t("common.loading")}
      </p>
    </main>
  );
}
