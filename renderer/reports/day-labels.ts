// Report dates are calendar dates ('YYYY-MM-DD') already in the store's zone: they are shown as
// they are, read at UTC midnight so the browser's own zone cannot shift them by a day.
const long = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});
const short = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

const at = (date: string) => new Date(`${date}T00:00:00Z`);

/** "Tue, Nov 24" */
export const dayLabel = (date: string) => long.format(at(date));
/** "Nov 24", for the chart's axis */
export const axisLabel = (date: string) => short.format(at(date));
