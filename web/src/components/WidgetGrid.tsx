import { useEffect, useRef, useState } from 'preact/hooks';
import type { LayoutWidget } from '../api/types';
import { t } from '../i18n';
import { moveBy, moveTo, remove, resize } from '../widgets/layoutOps';
import { WIDGET_BY_ID } from '../widgets/registry';

interface Props {
    widgets: LayoutWidget[];
    /** The Custom Dashboard: fixed row heights and the w/h of each widget as given. */
    custom: boolean;
    editing: boolean;
    onChange?: (next: LayoutWidget[]) => void;
}

// The id being dragged; dataTransfer is not readable during dragover, and some drivers drop it on drop.
let dragging: string | null = null;

function widgetAt(x: number, y: number): string | null {
    const el = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-widget-id]');
    return el?.dataset.widgetId ?? null;
}

/**
 * The overview grid. In edit mode every widget is draggable (HTML5 drag and drop) and has buttons to move it
 * earlier or later, selects for its width and height (1…4) and a remove button.
 */
export function WidgetGrid({ widgets, custom, editing, onChange }: Props) {
    const [over, setOver] = useState<string | null>(null);
    const change = (next: LayoutWidget[]) => onChange?.(next);
    // Pointer fallback for where HTML5 drag does not start (touch on the handle, a page scrolled between press and
    // move): press on one widget, release on another. A started HTML5 drag cancels it (pointercancel, dragstart).
    const pressed = useRef<{ id: string; x: number; y: number } | null>(null);
    const latest = useRef(widgets);
    latest.current = widgets;
    useEffect(() => {
        if (!editing) return;
        const move = (e: PointerEvent) => {
            if (pressed.current) setOver(widgetAt(e.clientX, e.clientY));
        };
        const up = (e: PointerEvent) => {
            const from = pressed.current;
            pressed.current = null;
            if (!from) return;
            setOver(null);
            const to = widgetAt(e.clientX, e.clientY);
            const moved = Math.hypot(e.pageX - from.x, e.pageY - from.y) > 8;
            if (to && to !== from.id && moved) onChange?.(moveTo(latest.current, from.id, to));
        };
        const cancel = () => {
            pressed.current = null;
        };
        document.addEventListener('pointermove', move);
        document.addEventListener('pointerup', up);
        document.addEventListener('pointercancel', cancel);
        return () => {
            document.removeEventListener('pointermove', move);
            document.removeEventListener('pointerup', up);
            document.removeEventListener('pointercancel', cancel);
        };
    }, [editing, onChange]);
    return (
        <div
            class={`widget-grid${custom ? ' is-custom' : ''}${editing ? ' is-editing' : ''}`}
            data-testid="widget-grid"
        >
            {widgets.map((item, index) => {
                const def = WIDGET_BY_ID.get(item.id);
                if (!def) return null;
                const Widget = def.component;
                const title = t(def.title);
                return (
                    <div
                        key={item.id}
                        class={`widget${over === item.id ? ' is-drop-target' : ''}`}
                        data-testid={`widget-${item.id}`}
                        data-widget-id={item.id}
                        data-w={item.w}
                        data-h={item.h}
                        data-index={index}
                        style={{ '--w': item.w, '--h': item.h }}
                        draggable={editing}
                        onPointerDown={
                            editing
                                ? (e) => {
                                      const control = (e.target as HTMLElement).closest('button, select, label');
                                      if (e.button === 0 && !control)
                                          pressed.current = { id: item.id, x: e.pageX, y: e.pageY };
                                  }
                                : undefined
                        }
                        onDragStart={
                            editing
                                ? (e) => {
                                      pressed.current = null;
                                      dragging = item.id;
                                      e.dataTransfer?.setData('text/plain', item.id);
                                      if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
                                  }
                                : undefined
                        }
                        onDragEnter={
                            editing
                                ? (e) => {
                                      e.preventDefault();
                                      setOver(item.id);
                                  }
                                : undefined
                        }
                        onDragOver={
                            editing
                                ? (e) => {
                                      e.preventDefault();
                                      if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
                                      if (over !== item.id) setOver(item.id);
                                  }
                                : undefined
                        }
                        onDrop={
                            editing
                                ? (e) => {
                                      e.preventDefault();
                                      const from = e.dataTransfer?.getData('text/plain') || dragging;
                                      dragging = null;
                                      setOver(null);
                                      if (from && from !== item.id) change(moveTo(widgets, from, item.id));
                                  }
                                : undefined
                        }
                        onDragEnd={
                            editing
                                ? () => {
                                      dragging = null;
                                      setOver(null);
                                  }
                                : undefined
                        }
                    >
                        {editing && (
                            <div class="widget-tools" role="group" aria-label={t('layout.tools_for', { w: title })}>
                                <span class="drag-handle" aria-hidden="true" title={t('layout.drag')}>
                                    ⠿
                                </span>
                                <button
                                    type="button"
                                    class="icon-btn"
                                    data-testid={`widget-earlier-${item.id}`}
                                    disabled={index === 0}
                                    onClick={() => change(moveBy(widgets, item.id, -1))}
                                    aria-label={t('layout.earlier', { w: title })}
                                    title={t('layout.earlier', { w: title })}
                                >
                                    ←
                                </button>
                                <button
                                    type="button"
                                    class="icon-btn"
                                    data-testid={`widget-later-${item.id}`}
                                    disabled={index === widgets.length - 1}
                                    onClick={() => change(moveBy(widgets, item.id, 1))}
                                    aria-label={t('layout.later', { w: title })}
                                    title={t('layout.later', { w: title })}
                                >
                                    →
                                </button>
                                <label class="size-pick">
                                    <span>{t('layout.w')}</span>
                                    <select
                                        data-testid={`widget-w-${item.id}`}
                                        value={item.w}
                                        aria-label={t('layout.width', { w: title })}
                                        onChange={(e) =>
                                            change(
                                                resize(widgets, item.id, {
                                                    w: Number((e.target as HTMLSelectElement).value),
                                                }),
                                            )
                                        }
                                    >
                                        {[1, 2, 3, 4].map((n) => (
                                            <option value={n}>{n}</option>
                                        ))}
                                    </select>
                                </label>
                                <label class="size-pick">
                                    <span>{t('layout.h')}</span>
                                    <select
                                        data-testid={`widget-h-${item.id}`}
                                        value={item.h}
                                        aria-label={t('layout.height', { w: title })}
                                        onChange={(e) =>
                                            change(
                                                resize(widgets, item.id, {
                                                    h: Number((e.target as HTMLSelectElement).value),
                                                }),
                                            )
                                        }
                                    >
                                        {[1, 2, 3, 4].map((n) => (
                                            <option value={n}>{n}</option>
                                        ))}
                                    </select>
                                </label>
                                <button
                                    type="button"
                                    class="icon-btn"
                                    data-testid={`widget-remove-${item.id}`}
                                    onClick={() => change(remove(widgets, item.id))}
                                    aria-label={t('layout.remove', { w: title })}
                                    title={t('layout.remove', { w: title })}
                                >
                                    ✕
                                </button>
                            </div>
                        )}
                        <div class="widget-body" inert={editing || undefined}>
                            <Widget />
                        </div>
                    </div>
                );
            })}
        </div>
    );
}
