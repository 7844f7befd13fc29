/// Every config editor also reads configs: importing ConfigFiles brings ConfigReading with it.
@_exported import ConfigReading
