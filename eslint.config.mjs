// Lint: correctness and house rules only; layout is Prettier's (eslint-config-prettier turns off
// every style rule that would fight it). Decision 0007 says why these rules and not others.
import eslintComments from "@eslint-community/eslint-plugin-eslint-comments";
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

// lib/ is pure: maths, room state and protocol, testable without a browser, a server or a clock.
const LIB_FORBIDDEN_IMPORTS = [
  {
    group: ["socket.io", "socket.io-client", "socket.io/*", "socket.io-client/*"],
    message: "lib/ knows no transport.",
  },
  { group: ["@prisma/*", "pg", "@electric-sql/*"], message: "lib/ knows no database: storage lives in server/db." },
  { group: ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*"], message: "lib/ knows no UI framework." },
  { group: ["node:*"], message: "lib/ runs in the browser too: no Node built-ins." },
  { group: ["**/app", "**/app/*", "**/server", "**/server/*"], message: "lib/ imports nothing but itself and zod." },
];
const LIB_FORBIDDEN_GLOBALS = [
  "window",
  "document",
  "localStorage",
  "sessionStorage",
  "navigator",
  "fetch",
  "setTimeout",
  "setInterval",
  "setImmediate",
  "performance",
  "process",
].map((name) => ({ name, message: "lib/ is pure: pass it in (house style)." }));

export default defineConfig([
  globalIgnores([
    "node_modules/",
    ".next/",
    // npm start's bundle of the server (scripts/server-runtime.mjs)
    "build/",
    "data/",
    "server/db/generated/",
    "test-results/",
    "coverage/",
    "next-env.d.ts",
  ]),

  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    // A disable comment says why, after " -- " (`// eslint-disable-next-line rule -- reason`).
    plugins: { "eslint-comments": eslintComments },
    rules: { "eslint-comments/require-description": "error", "eslint-comments/no-unlimited-disable": "error" },
  },
  js.configs.recommended,
  // Type-aware: the promise rules catch a forgotten await or an async handler where a void one is
  // expected, which nothing else in the toolchain does.
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      // `_name` marks a parameter a signature needs but the body does not.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-nested-ternary": "error",
    },
  },
  // Plain JavaScript (Node scripts, tool configs) is outside tsconfig: no type information there.
  {
    files: ["**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },

  {
    files: ["app/**/*.{ts,tsx}"],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ["app/**/*.tsx"],
    extends: [jsxA11y.flatConfigs.recommended],
  },

  {
    files: ["lib/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: LIB_FORBIDDEN_IMPORTS }],
      "no-restricted-globals": ["error", ...LIB_FORBIDDEN_GLOBALS],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "lib/ takes the time as an argument." },
        { object: "Math", property: "random", message: "lib/ takes a seeded random source (lib/seeded-random.ts)." },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "lib/ takes the time as an argument.",
        },
      ],
    },
  },

  prettier,
  // After eslint-config-prettier, which turns max-len off: Prettier wraps code at 120 but leaves long
  // comments and strings alone, so this catches those. Only URLs may run past it.
  { rules: { "max-len": ["error", { code: 140, ignoreUrls: true }] } },
]);
