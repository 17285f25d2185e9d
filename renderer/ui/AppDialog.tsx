// Every dialog of the register looks and behaves the same: React Aria's modal traps focus inside,
// restores it on close, hides the rest of the page from assistive technology and closes on Esc
// unless the choice must be made (a sale waiting for the master).
import type { ReactNode } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

export interface AppDialogProps {
  title: string;
  isOpen: boolean;
  /** Omit to make the dialog one that only its own buttons can close. */
  onClose?: () => void;
  role?: 'dialog' | 'alertdialog';
  className?: string;
  children: ReactNode;
}

export function AppDialog({ title, isOpen, onClose, role, className, children }: AppDialogProps) {
  return (
    <ModalOverlay
      className="dialog-overlay"
      isOpen={isOpen}
      onOpenChange={(open) => {
        if (!open) onClose?.();
      }}
      isDismissable={false}
      isKeyboardDismissDisabled={!onClose}
    >
      <Modal className={`dialog ${className ?? ''}`}>
        <Dialog role={role ?? 'dialog'} className="dialog-body">
          <Heading slot="title" className="dialog-title">
            {title}
          </Heading>
          {children}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
