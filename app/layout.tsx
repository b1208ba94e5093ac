import type { Metadata, Viewport } from "next";
import { cookies, headers } from "next/headers";
import type { ReactNode } from "react";
import { LOCALE_COOKIE, isLocale, loadMessages, localeFromLanguages } from "../lib/i18n";
import { I18nProvider } from "./_components/i18n-provider";
import { SiteHeader } from "./_components/site-header";
import "./globals.css";

export const metadata: Metadata = {
  title: "Gradient Arena",
  description: "Pick a learning rate, watch the loss: a live gradient-descent class activity.",
  // Icons (app/icon.svg, apple-icon.png, favicon.ico) and the manifest (app/manifest.ts) are
  // linked by Next's file conventions; this names the app on an iPhone's home screen.
  applicationName: "Gradient Arena",
  appleWebApp: { capable: true, title: "Gradient Arena", statusBarStyle: "black" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#020617" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The language is decided on the server so the first paint needs no client switch.
  const saved = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(saved) ? saved : localeFromLanguages((await headers()).get("accept-language"));
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-slate-950 text-slate-50 antialiased">
        {/* Only this locale's texts travel to the browser (in the page data, not as a script). */}
        <I18nProvider locale={locale} messages={await loadMessages(locale)}>
          <SiteHeader />
          {children}
        </I18nProvider>
      </body>
    </html>
  );
}
