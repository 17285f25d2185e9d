// One line saying how something went: an error is announced at once, a success politely.
export type Notice = { tone: 'info' | 'error'; text: string } | null;

export function NoticeLine({
  notice,
  testId,
  id,
}: {
  notice: Notice;
  testId?: string;
  id?: string;
}) {
  if (!notice) return null;
  return (
    <p
      id={id}
      className={`notice ${notice.tone}`}
      role={notice.tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      {notice.text}
    </p>
  );
}
