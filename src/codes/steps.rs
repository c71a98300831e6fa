//! Step texts that several entries give: one copy each in the bundle.

pub(super) const WAIT: &str = "Nothing to do yet: the sending server retries by itself, usually for up to a few days. Act only if a final failure report follows.";
pub(super) const READ_TEXT: &str = "Read the server's words after the code: they usually name the exact reason.";
pub(super) const FORWARD_ADMIN: &str = "Forward this report to your mail administrator or your email provider's support.";
pub(super) const RECIPIENT_ADMIN: &str = "Ask the recipient to pass this report to their mail administrator.";
pub(super) const SERVER_FIX: &str = "The receiving side must fix its mail server: try again later, or reach the recipient another way meanwhile.";
pub(super) const RESEND: &str = "Send the message again; if it fails the same way, forward this report to your mail administrator.";

pub(super) const CHECK_ADDRESS: &str = "Check the recipient's address for typing errors (gnail.com for gmail.com, a missing letter) and send again.";
pub(super) const ASK_ADDRESS: &str = "If the address looks right, ask the recipient through another channel (phone, chat) for their current address.";
pub(super) const CHECK_DOMAIN: &str = "Check the part after the @: the domain may be misspelled, expired, or have no mail servers (MX records).";
pub(super) const CHECK_FROM: &str = "Check the sender address set in your mail program or application: it must be a complete, valid address on a domain that receives mail.";
pub(super) const UPDATE_LIST: &str = "Remove or update the old address in your contacts and mailing lists.";
pub(super) const FULL: &str = "Tell the recipient through another channel that their mailbox is full: they must delete mail or get more space, then you can send again.";
pub(super) const SHRINK: &str = "Make the message smaller: compress or remove attachments, or share large files as a download link (attachments grow by a third when sent).";
pub(super) const TELL_RECIPIENT: &str = "Tell the recipient through another channel: only they or their mail administrator can fix this.";

pub(super) const SPF: &str = "Publish an SPF record for the sending domain that lists every server and service sending for it (ip4:, include:), within 10 DNS lookups.";
pub(super) const DKIM: &str = "Sign outgoing mail with DKIM for your own domain (at your server or sending service) and publish the public key in DNS.";
pub(super) const DMARC: &str = "Publish a DMARC record, and make the From: domain match (align with) the domain that passes SPF or DKIM.";
pub(super) const SERVICE_AUTH: &str = "If a service sends for you (newsletter, shop, helpdesk), add its SPF include and DKIM key to your domain as the service describes.";
pub(super) const SPF_CHECK: &str = "Check the SPF record for syntax errors, more than one v=spf1 record, and more than 10 DNS lookups.";
pub(super) const PTR: &str = "Ask whoever owns the sending IP (hosting or internet provider) to set a PTR record naming the server, with that name resolving back to the same IP.";
pub(super) const TLS: &str = "Enable STARTTLS on the sending server with a valid, unexpired certificate and TLS 1.2 or newer.";
pub(super) const NOT_SERVED: &str = "Tell the recipient through another channel: their domain's mail server refused mail for their own address, so it is not set up for their domain, or the domain's MX records point to the wrong server. Only their mail administrator can fix this.";
pub(super) const SUBMIT: &str = "Send through your provider's outgoing server with login: port 587 with STARTTLS or port 465 with TLS, and your account's username and password.";
pub(super) const LOGIN: &str = "Check the username and password in your mail program; with two-step verification, create an app password or sign in with OAuth.";

pub(super) const FIX_CAUSE: &str = "Stop the cause before asking for removal: a hacked account or infected device, a web form abused for spam, or mail to people who did not ask for it.";
pub(super) const SHARED_IP: &str = "If you send through a provider or hosting company, send them this report: the listed address is theirs to fix.";
pub(super) const ALLOW_LIST: &str = "If the message is legitimate, ask the recipient's administrator to allow-list your address, domain or server.";
pub(super) const CLEAN_LIST: &str = "Mail only people who asked for it, remove addresses that bounce, and make unsubscribing easy (one-click for bulk mail).";
pub(super) const SLOW: &str = "Send more slowly: fewer messages per connection and per hour, spread over the day.";
pub(super) const CONTENT: &str = "Check the message for what filters distrust: link shorteners, links to unrelated domains, executable or macro attachments, image-only content.";
pub(super) const NEW_DOMAIN_OWNER: &str = "Confirm the person's current address before sending again, and remove the old one from your lists.";
