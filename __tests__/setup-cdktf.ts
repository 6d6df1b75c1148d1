/** cdktf's jest matchers (toHaveResourceWithProperties, toHaveProviderWithProperties, ...). */
import { Testing } from "cdktf";

Testing.setupJest();
