// The web app manifest: a student can add the join page to the home screen and open it like an
// app. It is read per request in the browser's language (Accept-Language; browsers fetch the
// manifest without cookies), so the name and description match the pages.
import type { MetadataRoute } from "next";
import { headers } from "next/headers";
import { loadMessages, localeFromLanguages, translator } from "../lib/i18n";

// The page background (slate-950) and the chart's sky blue from the palette in globals.css.
const BACKGROUND = "#020617";

export default async function manifest(): Promise<MetadataRoute.Manifest> {
  const locale = localeFromLanguages((await headers()).get("accept-language"));
  const text = translator(await loadMessages(locale), locale);
  return {
    name: text("app.name"),
    short_name: text("app.name"),
    description: text("app.tagline"),
    lang: locale,
    start_url: "/join",
    scope: "/",
    display: "standalone",
    background_color: BACKGROUND,
    theme_color: BACKGROUND,
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml" },
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
