// @ts-check
// Lint: typescript-eslint's strict rules on TypeScript, eslint-plugin-astro's recommended rules on components.
// Formatting is Prettier's job (`npm run format`), so no stylistic rules here.
import js from "@eslint/js";
import astro from "eslint-plugin-astro";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", ".astro/", ".cache/", "node_modules/", "bench/tmp/", "bench/results/", "db/migrations/"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `const { id: _id, ...rest } = row` is how a copy leaves a field out; the named field is meant to be unused.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
    },
  },
  {
    files: ["src/lib/browser/**", "src/**/*.astro"],
    languageOptions: { globals: { ...globals.browser } },
  },
);
