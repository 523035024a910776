import { loginGraph } from '@tp/fakes';
import { CreateFlowBody, FlowBody, FlowGraphBody, FlowGraphDoc, FlowVersionBody, openApi } from './flows.dto';

describe('flow admin DTOs', () => {
  it('take the login flow of the vendor page as a version body', () => {
    expect(FlowGraphBody.parse(loginGraph())).toEqual(loginGraph());
  });

  it.each([
    [{ name: 'Login' }, []],
    [{ name: ' ', type: 'agent' }, ['name', 'type']],
    [{ name: 'Login', extra: 1 }, ['']],
  ])('check a new flow %j', (body, fields) => {
    const result = CreateFlowBody.safeParse(body);
    expect(result.success ? [] : result.error.issues.map((i) => i.path.join('.'))).toEqual(fields);
  });

  it.each([
    [{ nodes: [{ id: 'a b', kind: 'entry' }], edges: [] }, ['nodes.0.id']],
    [
      { nodes: [{ id: 'a', kind: '' }], edges: [{ from: 'a', to: 'b', branch: '' }] },
      ['nodes.0.kind', 'edges.0.branch'],
    ],
    [{ nodes: [], edges: [], layout: {} }, ['']],
    [{ nodes: [{ id: 'a', kind: 'entry', position: { x: 12.5, y: -40 } }], edges: [] }, []],
    [{ nodes: [{ id: 'a', kind: 'entry', position: { x: 1 } }], edges: [] }, ['nodes.0.position.y']],
    [
      { nodes: [{ id: 'a', kind: 'entry', position: { x: Infinity, y: -100_001 } }], edges: [] },
      ['nodes.0.position.x', 'nodes.0.position.y'],
    ],
  ])('check the shape of a graph %j', (body, fields) => {
    const result = FlowGraphBody.safeParse(body);
    expect(result.success ? [] : result.error.issues.map((i) => i.path.join('.'))).toEqual(fields);
  });

  it('render as OpenAPI schemas', () => {
    for (const schema of [CreateFlowBody, FlowGraphDoc, FlowBody, FlowVersionBody]) {
      expect(openApi(schema)).toEqual(expect.objectContaining({ type: 'object' }));
    }
  });
});
