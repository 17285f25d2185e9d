// One line saying how a setting went: an error is announced at once, a success politely.
export type Notice = { tone: 'info' | 'error'; text: string } | null;

export function NoticeLine({ notice, testId }: { notice: Notice; testId: string }) {
  if (!notice) return null;
  return (
    <p
      className={`notice ${notice.tone}`}
      role={notice.tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      {notice.text}
    </p>
  );
}
