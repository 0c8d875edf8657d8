// An ESLint rule that keeps the folders of src/main in layers: a folder may import only the folders
// listed before it in `order` (its option), so dependencies point down and never form a cycle.
// Relative imports are resolved against the importing file; src/shared and npm packages are not
// layers of src/main and stay allowed (other rules guard them).
import { dirname, relative, resolve, sep } from 'node:path';

/** @type {import('eslint').Rule.RuleModule} */
export const layerOrder = {
  meta: {
    type: 'problem',
    docs: { description: 'src/main folders import only the layers below them' },
    schema: [
      { type: 'object', properties: { root: { type: 'string' }, order: { type: 'array', items: { type: 'string' } } } },
    ],
  },
  create(context) {
    const { root, order } = context.options[0];
    const mainDir = resolve(context.cwd, root);
    const layerOf = (file) => {
      const rel = relative(mainDir, file);
      if (rel.startsWith('..') || rel === '') return null;
      const parts = rel.split(sep);
      // A file directly in src/main (index.ts) sits above every folder; `../store` names the folder.
      if (parts.length === 1 && !order.includes(parts[0])) return { name: parts[0], rank: order.length };
      return { name: parts[0], rank: order.indexOf(parts[0]) };
    };
    const from = layerOf(context.filename);
    if (from === null) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const to = layerOf(resolve(dirname(context.filename), spec));
      if (to === null || to.name === from.name) return;
      if (from.rank === -1 || to.rank === -1) {
        const unknown = from.rank === -1 ? from.name : to.name;
        context.report({
          node,
          message: `src/main/${unknown} has no place in the layer order: add it to MAIN_LAYERS in eslint.config.js`,
        });
      } else if (to.rank >= from.rank) {
        context.report({
          node,
          message: `src/main/${from.name} may not import src/main/${to.name}: layers only point down, and ${to.name} is not below ${from.name} (layer order in eslint.config.js)`,
        });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};
