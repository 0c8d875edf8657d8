import { useEffect, useRef, type ReactNode } from 'react';

/** A modal dialog on the native <dialog> element: Escape and the backdrop close it, focus stays inside. */
export function Modal(props: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
}): ReactNode {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="modal"
      aria-label={props.title}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
      onMouseDown={(e) => {
        if (e.target === ref.current) props.onClose();
      }}
    >
      <div className="modal-header">
        <h2>{props.title}</h2>
      </div>
      <div className="modal-body">{props.children}</div>
      {props.footer && <div className="modal-footer">{props.footer}</div>}
    </dialog>
  );
}
