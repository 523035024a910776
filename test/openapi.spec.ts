import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  documentPath,
  OPENAPI_APPS,
  openApiJson,
  openApiTypes,
  typesPath,
} from '../scripts/openapi-documents';

const ROOT = join(__dirname, '..');
const committed = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe("the apps' OpenAPI documents and the console's API types", () => {
  it.each(OPENAPI_APPS.map((def) => [def.name, def] as const))(
    '%s: the committed document and types are the ones its module describes (run `npm run openapi` after changing an API)',
    async (name, def) => {
      const json = await openApiJson(def);

      expect(JSON.parse(committed(documentPath(name)))).toEqual(JSON.parse(json));
      expect(committed(typesPath(name))).toBe(openApiTypes(name, json));
    },
  );

  it('describes the admin routes with their bearer credential', async () => {
    const identity = OPENAPI_APPS.find((def) => def.name === 'identity')!;

    const document = JSON.parse(await openApiJson(identity)) as {
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, unknown> };
    };

    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/users', '/v1/users/{userId}']));
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
