/** The "Heute" dashboard. */
const de = {
  title: 'Heute',
  placeholder: 'Die Übersicht folgt.',
};

export type DashboardMessages = typeof de;

const en: DashboardMessages = {
  title: 'Today',
  placeholder: 'The overview follows.',
};

export const DASHBOARD_MESSAGES = { de, en };
