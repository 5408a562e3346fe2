// Front-matter validation while typing, for editors that run remark (VS Code's remark extension,
// remark-language-server) and for `npx remark`: each page's front-matter is checked against the
// JSON Schema `policybook schema` generates from the content model. `make editor` writes the
// schemas into .schemas/ and installs these packages. Only front-matter is checked here; the
// full rules (links, owners, IDs, terminology) are `policybook check`.
import remarkFrontmatter from 'remark-frontmatter';
import remarkLintFrontmatterSchema from 'remark-lint-frontmatter-schema';

// Translations are `<slug>.<locale>.md`; source pages have no dot in their slug.
const schemas = {
  './.schemas/policy.schema.json': ['policies/*/!(*.*).md'],
  './.schemas/process.schema.json': ['processes/*/!(*.*).md'],
  './.schemas/translation.schema.json': ['policies/*/*.*.md', 'processes/*/*.*.md'],
  // A handbook page's translation, `docs/<page>.<locale>.md` (locale codes: two or three letters, maybe a region).
  './.schemas/page-translation.schema.json': ['docs/**/*.+([a-z]).md', 'docs/**/*.+([a-z])-+([A-Z]).md'],
};

export default {
  plugins: [
    remarkFrontmatter,
    // The schemas declare JSON Schema 2020-12; the plugin's validator reads them without
    // checking them against that meta-schema, which it does not bundle.
    [remarkLintFrontmatterSchema, {schemas, ajvOptions: {validateSchema: false}}],
  ],
};
