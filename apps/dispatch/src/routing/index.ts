// The routing wing's public face: the only file of routing the Twilio edge may import (lint checks it).
export { CallRouting, type OfferOwner } from './interface/call-routing';
export { positionText, type EndedWait, type ParkCall, type ParkedCall } from './application/queue-calls';
