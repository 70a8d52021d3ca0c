import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "data/", "test-results/", "corpus/", "coverage/", "dist/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "error",
    },
  },
  {
    // The server reads the indexer's public module only; the engine and config are leaves.
    files: ["server/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(\\.\\./)+indexer/(?!index\\.js$)",
              message: "server/ may import only indexer/index.js, the indexer's public module.",
            },
            {
              regex: "^(\\.\\./)+engine/(?!index\\.js$)",
              message: "server/ may import only engine/index.js.",
            },
            {
              regex: "^(\\.\\./)+(corpus|tests|bench)/",
              message: "server/ never imports corpus/, tests/ or bench/.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["indexer/**/*.ts", "engine/**/*.ts", "config/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(\\.\\./)+(server|tests|bench)/",
              message: "indexer/, engine/ and config/ never import server/, tests/ or bench/.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["engine/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(\\.\\./)+(server|indexer|tests|bench)/",
              message: "engine/ is a leaf: it may import config/ only.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["views/static/**/*.js"],
    languageOptions: {
      globals: {
        document: "readonly",
        window: "readonly",
        HTMLElement: "readonly",
        HTMLInputElement: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        AbortController: "readonly",
        fetch: "readonly",
      },
    },
  },
);
