// Days as Vietnamese notices write them (dd/mm/yyyy), in Vietnam's time zone whatever the device's.
export { formatDateVN } from '../format.js';
