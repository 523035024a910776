export { PhoneNumber, type RegionCode } from './phone-number';
export { InvalidPhoneNumber, type InvalidPhoneNumberReason } from './phone.errors';
