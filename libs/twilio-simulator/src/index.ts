// The Twilio network on this machine: a caller's phone that speaks TwiML (CallSimulator), agents'
// phones and customers' calls (TwilioNetwork), and Twilio's REST API (startTwilioRestDouble). Tests
// and `npm run call` use it; nothing of it reaches a deployment.
export {
  CallSimulator,
  parseTwiml,
  SimulatedCall,
  type Heard,
  type PendingEnqueue,
  type PendingGather,
  type SimulatorOptions,
  type TwimlVerb,
} from './call-simulator';
export {
  AgentLeg,
  CustomerCall,
  TwilioNetwork,
  type PhoneBehaviour,
  type TwilioNetworkOptions,
} from './twilio-network';
export { postInboundSms, type InboundSms, type SentMessage, type SmsWebhookAnswer } from './messages.double';
export {
  startTwilioRestDouble,
  type DequeueListener,
  type MemberUpdate,
  type PlacedCall,
  type QueueMemberView,
  type TwilioRestDouble,
} from './twilio-rest-double';
