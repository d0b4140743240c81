import { type ReactNode, createContext, useCallback, useContext, useMemo, useState } from 'react';

type Tone = 'info' | 'error';
interface Toast {
  id: number;
  tone: Tone;
  text: string;
}
interface Toaster {
  info(text: string): void;
  error(text: string): void;
}

const ToastContext = createContext<Toaster>({ info: () => undefined, error: () => undefined });
let nextId = 1;

/** Short messages in a corner, announced politely to screen readers; errors stay longer. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const push = useCallback((tone: Tone, text: string) => {
    const id = nextId++;
    setToasts((current) => [...current.slice(-3), { id, tone, text }]);
    window.setTimeout(
      () => setToasts((current) => current.filter((toast) => toast.id !== id)),
      tone === 'error' ? 7000 : 3500,
    );
  }, []);
  const value = useMemo<Toaster>(
    () => ({ info: (text) => push('info', text), error: (text) => push('error', text) }),
    [push],
  );
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.tone}`}>
            {toast.text}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): Toaster {
  return useContext(ToastContext);
}
