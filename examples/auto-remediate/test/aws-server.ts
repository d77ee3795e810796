import { startHttpReceiver } from '@trailkit/testing';

/** One AWS query-protocol call the local server received. */
export interface AwsCall {
  /** `Action` parameter, e.g. `UpdateAccessKey`. */
  action: string;
  /** Every form parameter, decoded. */
  params: Record<string, string>;
  /** The SigV4 credential scope region (from the Authorization header). */
  region: string | undefined;
  /** The SigV4 credential scope service. */
  service: string | undefined;
}

const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/**
 * A small AWS query-protocol server on 127.0.0.1 for IAM `UpdateAccessKey` and EC2
 * `RevokeSecurityGroupIngress`: records each call (form-encoded body, SigV4 scope) and answers with the
 * XML the real services send. `fail` makes the next calls answer with an AWS error.
 */
export async function startAwsServer(): Promise<{
  endpoint: string;
  calls: AwsCall[];
  failWith(code: string | undefined): void;
  close(): Promise<void>;
}> {
  const calls: AwsCall[] = [];
  let failure: string | undefined;
  const receiver = await startHttpReceiver((req, _index, res) => {
    const params = Object.fromEntries(new URLSearchParams(req.body));
    const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));
    const call: AwsCall = { action: params.Action ?? '', params, region: scope?.[1], service: scope?.[2] };
    calls.push(call);
    const requestId = `req-${calls.length}`;
    res.setHeader('content-type', 'text/xml');
    if (failure) {
      res.statusCode = 403;
      res.end(
        call.service === 'ec2'
          ? `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${failure}</Code><Message>denied</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`
          : `<ErrorResponse xmlns="${IAM_NS}"><Error><Type>Sender</Type><Code>${failure}</Code><Message>denied</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
      return;
    }
    if (call.action === 'UpdateAccessKey') {
      res.end(
        `<UpdateAccessKeyResponse xmlns="${IAM_NS}"><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></UpdateAccessKeyResponse>`,
      );
    } else if (call.action === 'RevokeSecurityGroupIngress') {
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><RevokeSecurityGroupIngressResponse xmlns="${EC2_NS}"><requestId>${requestId}</requestId><return>true</return></RevokeSecurityGroupIngressResponse>`,
      );
    } else {
      res.statusCode = 400;
      res.end(
        `<ErrorResponse xmlns="${IAM_NS}"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>unknown action ${call.action}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
    }
  });
  return {
    endpoint: receiver.origin,
    calls,
    failWith: (code) => {
      failure = code;
    },
    close: () => receiver.close(),
  };
}
