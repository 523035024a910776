// Development defaults shared by `npm start` and the simulator, so a laptop needs no Twilio account.
// Production refuses them (dispatch requires real settings when NODE_ENV=production).
export const DEV_TWILIO = {
  accountSid: 'AC00000000000000000000000000000000',
  authToken: 'dev-auth-token-not-a-secret',
};
