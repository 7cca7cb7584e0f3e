/// <reference types="vite/client" />
// Vite's module types for stories: `?inline` CSS imports (the theme files) and `import.meta.env`.
