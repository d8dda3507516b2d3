// Minimal observable store and its Preact hook: components re-render when the value they read changes.
import { useEffect, useState } from 'preact/hooks';

export interface Store<T> {
    get(): T;
    set(next: T | ((current: T) => T)): void;
    subscribe(listener: (value: T) => void): () => void;
}

export function createStore<T>(initial: T): Store<T> {
    let value = initial;
    const listeners = new Set<(value: T) => void>();
    return {
        get: () => value,
        set(next) {
            const resolved = typeof next === 'function' ? (next as (current: T) => T)(value) : next;
            if (Object.is(resolved, value)) return;
            value = resolved;
            listeners.forEach((l) => l(value));
        },
        subscribe(listener) {
            listeners.add(listener);
            return () => listeners.delete(listener);
        },
    };
}

export function useStore<T>(store: Store<T>): T {
    const [value, setValue] = useState(store.get());
    useEffect(() => {
        setValue(store.get());
        return store.subscribe(setValue);
    }, [store]);
    return value;
}

/** The current time in ms, refreshed every `periodMs`: for ages that keep counting between updates. */
export function useNow(periodMs = 1000): number {
    const [now, setNow] = useState(Date.now());
    useEffect(() => {
        const timer = setInterval(() => setNow(Date.now()), periodMs);
        return () => clearInterval(timer);
    }, [periodMs]);
    return now;
}
