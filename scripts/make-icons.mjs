// Draws the app icons from app/icon.svg (run by hand after editing it: `node scripts/make-icons.mjs`).
// The PNGs are committed: sharp is only an optional dependency of Next, so a build must not need it.
//   app/favicon.ico        32 px, for clients that ask for /favicon.ico without reading the page
//   app/apple-icon.png     180 px, iOS home screen (full-bleed: iOS rounds the corners itself)
//   public/icons/*.png     the web app manifest's icons (app/manifest.ts)
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";

const root = path.resolve(import.meta.dirname, "..");
const rounded = readFileSync(path.join(root, "app/icon.svg"), "utf8");
// Maskable and Apple icons are cropped by the platform: square corners, artwork in the safe zone.
const square = rounded.replace(/ rx="\d+"/, "");
const png = (svg, size) => sharp(Buffer.from(svg), { density: 300 }).resize(size, size).png().toBuffer();

/** An .ico holding one PNG image (allowed since Windows Vista; every current browser reads it). */
function icoOf(image, size) {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size, 6);
  header.writeUInt8(size, 7);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(image.length, 14);
  header.writeUInt32LE(22, 18); // offset of the image
  return Buffer.concat([header, image]);
}

mkdirSync(path.join(root, "public/icons"), { recursive: true });
writeFileSync(path.join(root, "app/favicon.ico"), icoOf(await png(rounded, 32), 32));
writeFileSync(path.join(root, "app/apple-icon.png"), await png(square, 180));
writeFileSync(path.join(root, "public/icons/icon-192.png"), await png(rounded, 192));
writeFileSync(path.join(root, "public/icons/icon-512.png"), await png(rounded, 512));
writeFileSync(path.join(root, "public/icons/maskable-512.png"), await png(square, 512));
console.log("icons written");
