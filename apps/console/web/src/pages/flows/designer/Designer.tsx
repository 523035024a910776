import { Alert, List, Paper, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { Prompt } from '../../../api/types';
import { DEFAULT_VALUES, timedPresenceParamsOf } from '../timed-presence-graph';
import classes from './designer.module.css';
import {
  connect,
  newNode,
  NODE_KINDS,
  problemsByNode,
  toGraph,
  type Canvas,
  type CanvasNode,
  type NodeKind,
} from './flow-canvas';
import { DesignerToolbar } from './DesignerToolbar';
import { FlowNodeCard, ProblemsContext } from './FlowNodeCard';
import { canRedo, canUndo, record, redo, replace, startHistory, undo, type History } from './history';
import { autoLayout } from './layout';
import { NodePanel } from './NodePanel';
import { DRAG_TYPE, Palette } from './Palette';

const NODE_TYPES = { flow: FlowNodeCard };
const EDGE_OPTIONS = { markerEnd: { type: MarkerType.ArrowClosed }, style: { strokeWidth: 2 } };

export type Problem = { code: string; message: string; field: string; node?: string };
type Graph = ReturnType<typeof toGraph>;

/** The parameters a new activity starts from (the same defaults as the form; prompts still to choose). */
const STARTING_PARAMS: Partial<Record<NodeKind, () => Record<string, unknown>>> = {
  'timed-presence': () => timedPresenceParamsOf(DEFAULT_VALUES({})),
  'play-prompt': () => ({}),
  queue: () => ({ requiredSkills: [], priority: 0, maxWaitSeconds: 300 }),
};

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/**
 * The flow designer: a palette, the canvas (React Flow), the selected node's panel, undo/redo over
 * snapshots, and flow-runtime's check of the graph as it changes, shown on the nodes and fields.
 */
export function Designer({
  initial,
  readOnly,
  prompts,
  extraProblems,
  validate,
  onSave,
  onPublish,
  busy,
}: {
  initial: Canvas;
  readOnly: boolean;
  prompts: Prompt[];
  /** Problems only publishing finds (prompts media does not have). */
  extraProblems: Problem[];
  validate: (graph: Graph) => Promise<Problem[]>;
  onSave: (graph: Graph) => void;
  onPublish: (graph: Graph, changed: boolean) => void;
  busy: boolean;
}) {
  const flow = useReactFlow<CanvasNode>();
  const [history, setHistory] = useState<History<Canvas>>(() => startHistory(initial));
  const lastEdit = useRef<string | null>(null);
  const dragStart = useRef<Canvas | null>(null);
  const present = history.present;
  const change = useCallback((next: (canvas: Canvas) => Canvas, editKey: string | null = null) => {
    setHistory((h) =>
      editKey !== null && editKey === lastEdit.current
        ? replace(h, next(h.present))
        : record(h, next(h.present)),
    );
    lastEdit.current = editKey;
  }, []);

  const graph = useMemo(() => toGraph(present), [present]);
  const shape = useMemo(
    () => JSON.stringify({ ...graph, nodes: graph.nodes.map(({ position: _p, ...n }) => n) }),
    [graph],
  );
  const initialGraph = useMemo(() => JSON.stringify(toGraph(initial)), [initial]);
  const changed = JSON.stringify(graph) !== initialGraph;
  const [debounced] = useDebouncedValue(shape, 250);
  const check = useQuery({
    queryKey: ['flow-graph-check', debounced],
    enabled: !readOnly,
    placeholderData: keepPreviousData,
    queryFn: () => validate(JSON.parse(debounced) as Graph),
  });
  const problems = useMemo(
    () => problemsByNode([...(readOnly ? [] : (check.data ?? [])), ...extraProblems]),
    [check.data, extraProblems, readOnly],
  );

  const doUndo = useCallback(() => {
    lastEdit.current = null;
    setHistory(undo);
  }, []);
  const doRedo = useCallback(() => {
    lastEdit.current = null;
    setHistory(redo);
  }, []);
  useEffect(() => {
    if (readOnly) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || typing(e.target)) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) doUndo();
      else if ((key === 'z' && e.shiftKey) || key === 'y') doRedo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [doRedo, doUndo, readOnly]);

  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    const kept = changes.filter((c) => c.type !== 'remove'); // deletions go through onDelete, as one step
    if (kept.length > 0)
      setHistory((h) => replace(h, { ...h.present, nodes: applyNodeChanges(kept, h.present.nodes) }));
  }, []);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const kept = changes.filter((c) => c.type !== 'remove');
    if (kept.length > 0)
      setHistory((h) => replace(h, { ...h.present, edges: applyEdgeChanges(kept, h.present.edges) }));
  }, []);
  const remove = useCallback(
    (nodeIds: string[], edgeIds: string[]) => {
      if (nodeIds.length + edgeIds.length === 0) return;
      const gone = new Set(nodeIds);
      change((c) => ({
        nodes: c.nodes.filter((n) => !gone.has(n.id)),
        edges: c.edges.filter((e) => !edgeIds.includes(e.id) && !gone.has(e.source) && !gone.has(e.target)),
      }));
    },
    [change],
  );
  const add = (kind: NodeKind, position: { x: number; y: number }) =>
    change((c) => ({
      nodes: [
        ...c.nodes.map((n) => ({ ...n, selected: false })),
        newNode(kind, position, c.nodes, STARTING_PARAMS[kind]?.()),
      ],
      edges: c.edges,
    }));
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const kind = e.dataTransfer.getData(DRAG_TYPE);
    if (readOnly || !(kind in NODE_KINDS)) return;
    const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    add(kind as NodeKind, { x: at.x - 110, y: at.y - 32 });
  };
  const wrapper = useRef<HTMLDivElement>(null);
  const addAtCentre = (kind: NodeKind) => {
    const box = wrapper.current?.getBoundingClientRect();
    const at = flow.screenToFlowPosition({
      x: (box?.left ?? 0) + (box?.width ?? 0) / 2,
      y: (box?.top ?? 0) + (box?.height ?? 0) / 2,
    });
    add(kind, { x: at.x - 110 + present.nodes.length * 12, y: at.y - 32 + present.nodes.length * 12 });
  };
  const layout = () => {
    change((c) => autoLayout(c));
    window.requestAnimationFrame(() => void flow.fitView({ padding: 0.2 }));
  };

  const selected = present.nodes.filter((n) => n.selected);
  const selectedEdges = present.edges.filter((e) => e.selected);
  const panelNode = selected[0];
  const unplaced = problems.get('') ?? [];

  return (
    <Stack gap="sm">
      <DesignerToolbar
        readOnly={readOnly}
        canUndo={canUndo(history)}
        canRedo={canRedo(history)}
        onUndo={doUndo}
        onRedo={doRedo}
        onLayout={layout}
        canDelete={selected.length + selectedEdges.length > 0}
        onDelete={() =>
          remove(
            selected.map((n) => n.id),
            selectedEdges.map((e) => e.id),
          )
        }
        problems={check.data && !check.isPlaceholderData && debounced === shape ? check.data.length : null}
        changed={changed}
        busy={busy}
        onSave={() => onSave(graph)}
        onPublish={() => onPublish(graph, changed)}
      />
      <div className={classes.layout}>
        <Palette readOnly={readOnly} onAdd={addAtCentre} />
        <div
          ref={wrapper}
          className={classes.canvas}
          onDrop={onDrop}
          onDragOver={(e) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = 'move';
          }}
          data-testid="flow-canvas"
        >
          <ProblemsContext.Provider value={problems}>
            <ReactFlow
              nodes={present.nodes}
              edges={present.edges}
              nodeTypes={NODE_TYPES}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={(c: Connection) =>
                change((canvas) => ({ ...canvas, edges: connect(canvas.edges, c) }))
              }
              onDelete={({ nodes, edges }) =>
                remove(
                  nodes.map((n) => n.id),
                  edges.map((e) => e.id),
                )
              }
              onNodeDragStart={() => {
                dragStart.current = history.present;
              }}
              onNodeDragStop={() => {
                const before = dragStart.current;
                dragStart.current = null;
                if (before)
                  setHistory((h) =>
                    JSON.stringify(toGraph(before)) === JSON.stringify(toGraph(h.present))
                      ? h
                      : record(replace(h, before), h.present),
                  );
              }}
              nodesDraggable={!readOnly}
              nodesConnectable={!readOnly}
              deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
              defaultEdgeOptions={EDGE_OPTIONS}
              fitView={initial.nodes.length > 0}
              fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
            >
              <Background gap={16} />
              <Controls showInteractive={false} />
              <MiniMap pannable zoomable ariaLabel="Minimap of the flow" />
            </ReactFlow>
          </ProblemsContext.Provider>
        </div>
        <Stack gap="sm" className={classes.side}>
          {unplaced.length > 0 && (
            <Alert color="orange" variant="light" title="Before it can be published" role="alert">
              <List size="sm">
                {unplaced.map((p) => (
                  <List.Item key={p.code}>{p.message}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          {panelNode ? (
            <NodePanel
              key={panelNode.id}
              node={panelNode}
              problems={problems.get(panelNode.id) ?? []}
              prompts={prompts}
              readOnly={readOnly}
              onChange={(data, field) =>
                change(
                  (c) => ({ ...c, nodes: c.nodes.map((n) => (n.id === panelNode.id ? { ...n, data } : n)) }),
                  `${panelNode.id}:${field}`,
                )
              }
              onDelete={() => remove([panelNode.id], [])}
            />
          ) : (
            <Paper withBorder radius="md" p="md">
              <Text size="sm" c="gray.7">
                {readOnly
                  ? 'Select a node to see its settings.'
                  : 'Drag a node from the palette onto the canvas, connect a node’s right handle to the next node’s left handle, and select a node to change its settings.'}
              </Text>
            </Paper>
          )}
        </Stack>
      </div>
    </Stack>
  );
}
