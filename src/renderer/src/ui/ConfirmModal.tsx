import type { ReactNode } from 'react';
import { Modal } from './Modal';

/** Asks before something that cannot be undone: the safe answer has the focus, the other acts and closes. */
export function ConfirmModal(props: {
  title: string;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}): ReactNode {
  return (
    <Modal
      title={props.title}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={props.onClose} autoFocus>
            Keep it
          </button>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              props.onClose();
              props.onConfirm();
            }}
          >
            {props.confirmLabel}
          </button>
        </>
      }
    >
      {props.children}
    </Modal>
  );
}
