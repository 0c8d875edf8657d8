import { describe, expect, it } from 'vitest';
import { ruleMessages } from '../helpers/lint-text';

// The lint configuration itself, run on imports written for the test: an inverted import must fail.
const layerErrors = (filePath: string, code: string): Promise<string[]> =>
  ruleMessages(filePath, code, 'sshlens/layer-order');

describe('layer order of src/main (eslint.config.js)', () => {
  it('refuses an import that points up, and says why', async () => {
    const errors = await layerErrors(
      'src/main/store/inverted.ts',
      "import { replayInfo } from '../replay/replay-queries';\nexport const f = replayInfo;\n",
    );
    expect(errors).toEqual([
      'src/main/store may not import src/main/replay: layers only point down, and replay is not below store (layer order in eslint.config.js)',
    ]);
  });

  it('refuses a peer cycle and a folder outside the order', async () => {
    expect(await layerErrors('src/main/formats/x.ts', "export { x } from '../crypto/hpke-suite';\n")).toHaveLength(1);
    expect(await layerErrors('src/main/newthing/x.ts', "import '../store/ids';\n")).toEqual([
      'src/main/newthing has no place in the layer order: add it to MAIN_LAYERS in eslint.config.js',
    ]);
  });

  it('allows imports that point down, inside a folder, and to src/shared', async () => {
    const code = "import '../store/ids';\nimport '../../shared/model';\nimport './snapshot-store';\n";
    expect(await layerErrors('src/main/replay/ok.ts', code)).toEqual([]);
    expect(await layerErrors('src/main/index.ts', "import './services/app-services';\n")).toEqual([]);
  });
});
