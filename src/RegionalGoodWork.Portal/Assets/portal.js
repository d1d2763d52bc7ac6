// Enhancement only: every page reads and works without it. Starts GOV.UK Frontend's components (the service
// navigation's menu button on small screens, the skip link's focus).
import { initAll } from './govuk/govuk-frontend.min.js';
initAll();
